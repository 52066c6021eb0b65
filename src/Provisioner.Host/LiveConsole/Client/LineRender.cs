using System.Text;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>
/// Redraws the prompt and the line being edited when they wrap over several terminal rows. A carriage return only
/// reaches the start of the cursor's row, so redrawing a wrapped line from there would leave a copy of its first
/// rows on screen at every keystroke; instead the cursor goes up to the row the prompt starts on, everything below
/// is cleared, and the cursor is placed by row and column.
/// </summary>
public static class LineRender
{
    /// <summary>
    /// The text to write, and the row (counted from the prompt's row) the cursor is left on, which the next
    /// redraw passes back as <paramref name="cursorRow"/>.
    /// </summary>
    /// <param name="cursor">The cursor's index in <paramref name="line"/>.</param>
    /// <param name="width">The terminal's width in columns.</param>
    /// <param name="cursorRow">Where the previous redraw left the cursor: the row below the prompt's, 0 on it.</param>
    public static (string Text, int CursorRow) Redraw(string prompt, string line, int cursor, int width, int cursorRow)
    {
        width = Math.Max(width, 1);
        var text = new StringBuilder();
        if (cursorRow > 0)
        {
            text.Append($"\u001b[{cursorRow}A");
        }
        text.Append('\r').Append("\u001b[J").Append(prompt).Append(line);
        var end = prompt.Length + line.Length;
        // A terminal holds the cursor on the last column after filling a row; a line break makes the next row real.
        if (end > 0 && end % width == 0)
        {
            text.Append("\r\n");
        }
        var endRow = end / width;
        var position = prompt.Length + cursor;
        var (row, column) = (position / width, position % width);
        if (endRow > row)
        {
            text.Append($"\u001b[{endRow - row}A");
        }
        text.Append('\r');
        if (column > 0)
        {
            text.Append($"\u001b[{column}C");
        }
        return (text.ToString(), row);
    }
}
