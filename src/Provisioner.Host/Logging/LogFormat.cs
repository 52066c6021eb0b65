namespace Provisioner.Host.Logging;

/// <summary>How log lines are written: <c>text</c> for people, <c>json</c> (one object a line) for collectors.</summary>
public enum LogFormat
{
    Text,
    Json,
}
