using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;
using Provisioner.Host.Logging;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.Logging;

/// <summary>One pipeline: Akka's events and Microsoft.Extensions.Logging's come out as the same lines, at one level.</summary>
public sealed class LogPipelineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("log-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LogFile => Path.Combine(_dir, "member.log");

    private sealed class Chatty : ReceiveActor
    {
        public Chatty()
        {
            var log = Context.GetLogger();
            Receive<string>(text =>
            {
                log.Info("akka info {0}", text);
                log.Warning("akka warning {0}", text);
                Sender.Tell("logged");
            });
        }
    }

    /// <summary>Runs an actor system on the pipeline, has an actor and a Microsoft logger each log at info and warning, and returns the file's lines.</summary>
    private async Task<IReadOnlyList<string>> LogThrough(LogSettings settings)
    {
        using (var pipeline = LogPipeline.Open(settings, TextWriter.Null))
        {
            var setup = BootstrapSetup.Create().WithConfig(LogPipeline.AkkaConfig(settings.Level)).And(new LoggerFactorySetup(pipeline.Loggers));
            var system = ActorSystem.Create("logging", setup);
            try
            {
                var chatty = system.ActorOf(Props.Create(() => new Chatty()), "chatty");
                Assert.Equal("logged", await chatty.Ask<string>("hello", TimeSpan.FromSeconds(10)));
                var logger = pipeline.Loggers.CreateLogger("Provisioner.Test");
                logger.LogInformation("mel info {Identity} after {Attempts} attempts", "web1.example.net", 3);
                logger.LogWarning("mel warning {Identity}", "web1.example.net");
                // The Akka logger is an actor: its lines arrive after the ask returns.
                await Eventually.TrueAsync(() => Task.FromResult(File.ReadAllText(LogFile).Contains("akka warning hello")), TimeSpan.FromSeconds(30), "Akka's warning reaches the file");
            }
            finally
            {
                await system.Terminate();
            }
        }
        return File.ReadAllLines(LogFile);
    }

    [Fact]
    public async Task Json_lines_in_the_log_file_carry_akka_and_microsoft_events_alike()
    {
        var lines = await LogThrough(new LogSettings(LogLevel.Information, LogFormat.Json, LogFile));

        var events = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var akka = Assert.Single(events, e => e.GetProperty("msg").GetString() == "akka info hello");
        Assert.Equal("info", akka.GetProperty("level").GetString());
        Assert.Equal("akka://logging/user/chatty", akka.GetProperty("source").GetString());
        Assert.EndsWith("Chatty", akka.GetProperty("logger").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", akka.GetProperty("time").GetString());
        var mel = Assert.Single(events, e => e.GetProperty("msg").GetString() == "mel info web1.example.net after 3 attempts");
        Assert.Equal(("info", "Provisioner.Test", "web1.example.net", 3),
            (mel.GetProperty("level").GetString(), mel.GetProperty("logger").GetString(), mel.GetProperty("Identity").GetString(), mel.GetProperty("Attempts").GetInt32()));
        Assert.Single(events, e => e.GetProperty("msg").GetString() == "mel warning web1.example.net" && e.GetProperty("level").GetString() == "warning");
    }

    [Fact]
    public async Task Text_lines_have_one_shape_for_akka_and_microsoft_events()
    {
        var lines = await LogThrough(new LogSettings(LogLevel.Information, LogFormat.Text, LogFile));

        Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+Z INFO  Chatty: akka info hello$"));
        Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+Z WARN  Chatty: akka warning hello$"));
        Assert.Single(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\S+Z INFO  Test: mel info web1.example.net after 3 attempts$"));
    }

    [Fact]
    public async Task Level_warning_suppresses_info_from_akka_and_microsoft_loggers()
    {
        var lines = await LogThrough(new LogSettings(LogLevel.Warning, LogFormat.Text, LogFile));

        Assert.Contains(lines, l => l.EndsWith("Chatty: akka warning hello", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("Test: mel warning web1.example.net", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(" INFO ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Akka_itself_filters_at_the_pipeline_level()
    {
        var system = ActorSystem.Create("levels", LogPipeline.AkkaConfig(LogLevel.Warning));
        try
        {
            Assert.Equal(("WARNING", "OFF"), (system.Settings.LogLevel, system.Settings.StdoutLogLevel));
            var log = Akka.Event.Logging.GetLogger(system, "levels");
            Assert.False(log.IsInfoEnabled);
            Assert.True(log.IsWarningEnabled);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void A_log_file_that_cannot_be_opened_is_an_error_naming_it()
    {
        var path = Path.Combine(_dir, "absent", "member.log");

        var e = Assert.Throws<IOException>(() => LogPipeline.Open(new LogSettings(LogLevel.Information, LogFormat.Text, path), TextWriter.Null));

        Assert.StartsWith($"log file {path}: cannot open it: ", e.Message);
    }

    [Fact]
    public void Without_a_file_lines_go_to_the_command_stream()
    {
        using var console = new StringWriter();
        using (var pipeline = LogPipeline.Open(new LogSettings(LogLevel.Information, LogFormat.Json, ""), console))
        {
            pipeline.Loggers.CreateLogger("Provisioner.Test").LogInformation("to the stream");
        }

        Assert.Equal("to the stream", JsonDocument.Parse(console.ToString()).RootElement.GetProperty("msg").GetString());
    }
}
