using Provisioner.Host.LiveConsole.Client;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>The console's pure parts: completion, argument parsing, addresses, key files, the logger's type name and tables.</summary>
public sealed class ConsolePartsTests
{
    private static readonly IReadOnlyList<PaletteDescription> Palettes =
    [
        new("cluster", "", [new("show", "", [], false, false), new("shutdown", "", [], true, false)]),
        new("node", "", [new("list", "", [CommandArgument.Option("--stage", "", ["Failed", "Provisioned"]), CommandArgument.Option("--limit", "")], false, false)]),
    ];

    [Theory]
    [InlineData("", "", "cluster exit help node")]
    [InlineData("cl", "cluster ", "cluster")]
    [InlineData("cluster ", "cluster sh", "show shutdown")]
    [InlineData("cluster sho", "cluster show ", "show")]
    [InlineData("node list ", "node list --", "--limit --stage")]
    [InlineData("node list --stage f", "node list --stage Failed ", "Failed")]
    [InlineData("node list --stage Failed --", "node list --stage Failed --limit ", "--limit")]
    [InlineData("help n", "help node ", "node")]
    [InlineData("help node ", "help node list ", "list")]
    [InlineData("bogus ", "bogus ", "")]
    public void Completion_follows_the_palettes(string line, string completed, string candidates)
    {
        var result = PaletteCompletion.Complete(Palettes, line);
        Assert.Equal(completed, result.Line);
        Assert.Equal(candidates, string.Join(' ', result.Candidates));
    }

    [Theory]
    [InlineData("node list --limit", "option --limit needs a value; usage: node list [--stage STAGE] [--limit LIMIT]")]
    [InlineData("node list --colour red", "unknown option --colour; usage: node list [--stage STAGE] [--limit LIMIT]")]
    [InlineData("node list --stage Broken", "--stage must be one of Failed, Provisioned, got 'Broken'")]
    [InlineData("node list --limit 1 --limit 2", "--limit is given twice; usage: node list [--stage STAGE] [--limit LIMIT]")]
    public void Bad_arguments_are_refused_naming_the_argument(string line, string error)
    {
        var registry = Registry();
        Assert.False(registry.TryResolve(CommandWords.Split(line), out _, out _, out var code, out var message));
        Assert.Equal(ConsoleErrorCodes.Usage, code);
        Assert.Equal(error, message);
    }

    [Fact]
    public void Arguments_are_parsed_by_name_and_choices_take_their_canonical_case()
    {
        Assert.True(Registry().TryResolve(["node", "list", "--limit", "3", "--stage", "failed"], out var command, out var arguments, out _, out _));
        Assert.Equal("list", command.Name);
        Assert.Equal("3", arguments["--limit"]);
        Assert.Equal("Failed", arguments["--stage"]);
    }

    private static CommandPaletteRegistry Registry()
    {
        var registry = new CommandPaletteRegistry();
        registry.Register(new Palette());
        return registry;
    }

    private sealed class Palette : ICommandPalette
    {
        public string Name => "node";

        public string Help => "";

        public IReadOnlyList<ConsoleCommand> Commands =>
            [new("list", "", Palettes[1].Commands[0].Arguments, (_, _) => Task.CompletedTask)];
    }

    [Theory]
    [InlineData("10.0.0.5:9110", "10.0.0.5", 9110)]
    [InlineData("member-2", "member-2", 9110)]
    [InlineData("[::1]:7000", "::1", 7000)]
    public void Console_addresses_parse_with_the_default_port(string text, string host, int port)
    {
        Assert.True(ConsoleAddress.TryParse(text, out var address));
        Assert.Equal(new ConsoleAddress(host, port), address);
    }

    [Theory]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    [InlineData("akka.tcp://provisioner@127.0.0.1:4053")]
    [InlineData("::1")]
    [InlineData(":9110")]
    public void Malformed_console_addresses_are_refused(string text) => Assert.False(ConsoleAddress.TryParse(text, out _));

    [Fact]
    public void Authorized_keys_skip_comments_and_blank_lines_and_ignore_case()
    {
        var key = new string('A', 64);
        var reading = AuthorizedKeys.Parse("keys", ["# team", "", $"  {key}  # alice"]);
        Assert.Equal([key.ToLowerInvariant()], reading.Keys);
        Assert.Empty(reading.Problems);
    }

    [Fact]
    public void Authorized_keys_report_a_bad_line_and_keep_the_good_ones()
    {
        var key = new string('b', 64);
        var reading = AuthorizedKeys.Parse("keys", ["not-a-key", key]);
        Assert.Equal([key], reading.Keys);
        Assert.Equal(["keys line 1: expected an Ed25519 public key as 64 hex characters"], reading.Problems);
    }

    [Fact]
    public void Logger_type_name_for_akka_loggers_resolves_to_the_console_logger() =>
        Assert.Equal(typeof(ConsoleLogger), Type.GetType(ConsoleLogger.LoggerTypeName));

    [Fact]
    public void Words_split_on_spaces_and_quotes_keep_spaces()
    {
        Assert.Equal(["echo", "say", "hello world", ""], CommandWords.Split("echo  say \"hello world\" \"\""));
    }

    [Fact]
    public void Tables_align_columns_and_do_not_pad_the_last()
    {
        var text = ResponsePrinter.Table(["a", "bb"], [["long cell", "x"], ["y", "z"]]);
        Assert.Equal("a          bb\nlong cell  x\ny          z\n", text.Replace("\r\n", "\n"));
    }
}
