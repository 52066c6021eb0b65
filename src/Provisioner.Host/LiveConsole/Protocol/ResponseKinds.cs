namespace Provisioner.Host.LiveConsole.Protocol;

/// <summary>The <c>kind</c> values of <see cref="ConsoleResponse"/>.</summary>
public static class ResponseKinds
{
    public const string Line = "line";
    public const string Table = "table";
    public const string Palette = "palette";
    public const string End = "end";
    public const string Error = "error";
    public const string Greeting = "greeting";
}
