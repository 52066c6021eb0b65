namespace Provisioner.IntegrationTests.Deploy;

/// <summary>
/// A Dockerfile read as Docker reads it: comment lines dropped, lines ending in a backslash joined, each instruction
/// split into its keyword and the rest. Enough to check what an image declares where no engine can build it.
/// </summary>
public sealed class DockerfileInstructions
{
    private DockerfileInstructions(IReadOnlyList<(string Keyword, string Arguments)> all) => All = all;

    public IReadOnlyList<(string Keyword, string Arguments)> All { get; }

    /// <summary>The instructions of the last stage: what the image that runs is made of.</summary>
    public IReadOnlyList<(string Keyword, string Arguments)> FinalStage =>
        All.Skip(All.Select((instruction, index) => (instruction, index)).Last(i => i.instruction.Keyword == "FROM").index).ToList();

    /// <summary>The arguments of every instruction with <paramref name="keyword"/>, in order.</summary>
    public IReadOnlyList<string> Arguments(string keyword) => All.Where(i => i.Keyword == keyword).Select(i => i.Arguments).ToList();

    public static DockerfileInstructions Load(string path)
    {
        var instructions = new List<(string, string)>();
        var pending = "";
        foreach (var raw in File.ReadAllLines(path))
        {
            var line = raw.Trim();
            if (line.StartsWith('#')) continue;
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            var whole = (pending + line).Trim();
            pending = "";
            if (whole.Length == 0) continue;
            var space = whole.IndexOf(' ');
            instructions.Add(space < 0 ? (whole.ToUpperInvariant(), "") : (whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }
        return new DockerfileInstructions(instructions);
    }
}
