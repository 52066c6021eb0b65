namespace Provisioner.Host.Cli;

/// <summary>Where a command writes: the real console, or a test's writers.</summary>
public sealed record CliWriters(TextWriter Out, TextWriter Error);
