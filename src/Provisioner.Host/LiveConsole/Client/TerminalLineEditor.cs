using System.Text;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>
/// A small line editor on a real terminal: cursor keys, history (Up/Down), Tab completion from the palettes
/// (a second Tab lists the candidates), Ctrl-C clears the line or stops a stream, Ctrl-D on an empty line exits.
/// Ctrl-C is read as a key while it runs, so it never kills the process mid-command.
/// </summary>
public sealed class TerminalLineEditor : ILineInput
{
    private readonly Func<string, PaletteCompletion.Result> _complete;
    private readonly List<string> _history = [];
    private readonly bool _treatedControlCAsInput;
    // The row, below the prompt's, where the last redraw left the cursor.
    private int _cursorRow;

    public TerminalLineEditor(Func<string, PaletteCompletion.Result> complete)
    {
        _complete = complete;
        _treatedControlCAsInput = System.Console.TreatControlCAsInput;
        System.Console.TreatControlCAsInput = true;
    }

    public Task<string?> ReadLineAsync(string prompt, CancellationToken cancellation) => Task.Run(() => ReadLine(prompt), cancellation);

    private string? ReadLine(string prompt)
    {
        var line = new StringBuilder();
        var cursor = 0;
        var recalled = _history.Count;
        var lastWasTab = false;
        _cursorRow = 0;
        System.Console.Write(prompt);
        while (true)
        {
            var key = System.Console.ReadKey(intercept: true);
            var tab = key.Key == ConsoleKey.Tab;
            var control = key.Modifiers.HasFlag(ConsoleModifiers.Control);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    // From the end of a wrapped line, so that what follows starts below all of it.
                    Redraw(prompt, line, line.Length);
                    System.Console.WriteLine();
                    var text = line.ToString();
                    if (text.Trim().Length > 0 && (_history.Count == 0 || _history[^1] != text))
                    {
                        _history.Add(text);
                    }
                    return text;
                case ConsoleKey.C when control:
                    Redraw(prompt, line, line.Length);
                    System.Console.WriteLine("^C");
                    return "";
                case ConsoleKey.D when control:
                    if (line.Length == 0)
                    {
                        System.Console.WriteLine();
                        return null;
                    }
                    break;
                case ConsoleKey.U when control:
                    line.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.A when control:
                case ConsoleKey.Home:
                    cursor = 0;
                    break;
                case ConsoleKey.E when control:
                case ConsoleKey.End:
                    cursor = line.Length;
                    break;
                case ConsoleKey.Backspace when cursor > 0:
                    line.Remove(--cursor, 1);
                    break;
                case ConsoleKey.Delete when cursor < line.Length:
                    line.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < line.Length:
                    cursor++;
                    break;
                case ConsoleKey.UpArrow when recalled > 0:
                    line.Clear().Append(_history[--recalled]);
                    cursor = line.Length;
                    break;
                case ConsoleKey.DownArrow when recalled < _history.Count:
                    recalled++;
                    line.Clear().Append(recalled < _history.Count ? _history[recalled] : "");
                    cursor = line.Length;
                    break;
                case ConsoleKey.Tab:
                    var result = _complete(line.ToString(0, cursor));
                    if (result.Candidates.Count > 1 && lastWasTab)
                    {
                        Redraw(prompt, line, line.Length);
                        System.Console.WriteLine();
                        System.Console.WriteLine(string.Join("  ", result.Candidates));
                        System.Console.Write(prompt);
                        _cursorRow = 0;
                    }
                    line.Remove(0, cursor).Insert(0, result.Line);
                    cursor = result.Line.Length;
                    break;
                default:
                    if (!char.IsControl(key.KeyChar))
                    {
                        line.Insert(cursor++, key.KeyChar);
                    }
                    break;
            }
            lastWasTab = tab;
            Redraw(prompt, line, cursor);
        }
    }

    private void Redraw(string prompt, StringBuilder line, int cursor)
    {
        var (text, row) = LineRender.Redraw(prompt, line.ToString(), cursor, TerminalWidth(), _cursorRow);
        _cursorRow = row;
        System.Console.Write(text);
    }

    private static int TerminalWidth()
    {
        try
        {
            return System.Console.WindowWidth is > 0 and var width ? width : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }

    public IDisposable WatchInterrupt(Action onInterrupt) => new InterruptWatch(onInterrupt);

    public void Dispose() => System.Console.TreatControlCAsInput = _treatedControlCAsInput;

    /// <summary>Polls the keyboard while a command streams; Ctrl-C stops it, other keys are dropped.</summary>
    private sealed class InterruptWatch : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _watching;

        public InterruptWatch(Action onInterrupt) => _watching = Task.Run(() => WatchAsync(onInterrupt));

        private async Task WatchAsync(Action onInterrupt)
        {
            while (!_stop.IsCancellationRequested)
            {
                while (System.Console.KeyAvailable)
                {
                    var key = System.Console.ReadKey(intercept: true);
                    if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control))
                    {
                        onInterrupt();
                    }
                }
                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _watching.Wait();
            _stop.Dispose();
        }
    }
}
