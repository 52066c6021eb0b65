using System.Text;
using Provisioner.Host.LiveConsole.Protocol;

namespace Provisioner.Host.LiveConsole.Client;

/// <summary>Shows console responses as text: lines as they are, tables with aligned columns, errors on the error writer.</summary>
public static class ResponsePrinter
{
    public static void Print(ConsoleResponse response, TextWriter output, TextWriter error)
    {
        switch (response.Kind)
        {
            case ResponseKinds.Line:
                output.WriteLine(response.Text);
                break;
            case ResponseKinds.Table:
                output.Write(Table(response.Columns ?? [], response.Rows ?? []));
                break;
            case ResponseKinds.Error:
                error.WriteLine($"error: {response.Message} ({response.Code})");
                break;
        }
    }

    public static string Table(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var all = rows.Prepend(columns).ToList();
        var count = all.Max(r => r.Count);
        var widths = Enumerable.Range(0, count).Select(i => all.Max(r => i < r.Count ? r[i].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            var cells = Enumerable.Range(0, count).Select(i => (i < row.Count ? row[i] : "").PadRight(i == count - 1 ? 0 : widths[i]));
            text.AppendLine(string.Join("  ", cells).TrimEnd());
        }
        return text.ToString();
    }
}
