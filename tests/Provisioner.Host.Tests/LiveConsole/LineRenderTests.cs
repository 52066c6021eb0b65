using Provisioner.Host.LiveConsole.Client;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

public sealed class LineRenderTests
{
    private const string Prompt = "p> ";
    private const string Esc = "\u001b";

    [Fact]
    public void A_line_on_one_row_is_redrawn_from_the_start_of_that_row()
    {
        var (text, row) = LineRender.Redraw(Prompt, "node list", 4, width: 60, cursorRow: 0);

        Assert.Equal($"\r{Esc}[Jp> node list\r{Esc}[7C", text);
        Assert.Equal(0, row);
    }

    [Fact]
    public void A_wrapped_line_is_redrawn_from_the_prompts_row_so_no_copy_of_it_stays_on_screen()
    {
        var line = new string('x', 25); // prompt + line = 28 columns: rows 0, 1 and 2 of a 10-column terminal

        var (first, row) = LineRender.Redraw(Prompt, line, line.Length, width: 10, cursorRow: 0);
        var (second, _) = LineRender.Redraw(Prompt, line + "y", line.Length + 1, width: 10, cursorRow: row);

        Assert.Equal(2, row);
        Assert.Equal($"\r{Esc}[Jp> {line}\r{Esc}[8C", first);
        Assert.StartsWith($"{Esc}[2A\r{Esc}[J", second);
    }

    [Fact]
    public void The_cursor_in_an_earlier_row_is_placed_by_row_and_column()
    {
        var line = new string('x', 25);

        var (text, row) = LineRender.Redraw(Prompt, line, 2, width: 10, cursorRow: 2);

        Assert.Equal($"{Esc}[2A\r{Esc}[Jp> {line}{Esc}[2A\r{Esc}[5C", text);
        Assert.Equal(0, row);
    }

    [Fact]
    public void A_line_ending_on_the_last_column_moves_the_cursor_onto_the_next_row()
    {
        var line = new string('x', 7); // exactly 10 columns with the prompt

        var (text, row) = LineRender.Redraw(Prompt, line, line.Length, width: 10, cursorRow: 0);

        Assert.Equal($"\r{Esc}[Jp> {line}\r\n\r", text);
        Assert.Equal(1, row);
    }
}
