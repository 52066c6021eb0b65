using System.Diagnostics;
using System.Text.Json;
using Provisioner.Actors.Onboarding.Helper;
using Provisioner.Actors.Telemetry;
using Provisioner.Actors.Tests.Onboarding;
using Xunit;

namespace Provisioner.Actors.Tests.Telemetry;

/// <summary>A helper run is a child span of the step that asked for it, named by identity and outcome, never by its input.</summary>
[Collection(TracingCollection.Name)]
public sealed class HelperRunSpanTests : IDisposable
{
    private const string Token = "helper-agent-token-s3cr3t-41e2";
    private readonly HelperScripts _scripts = new();
    private readonly SpanRecorder _spans = new();

    [Fact]
    public async Task A_helper_run_is_a_child_of_its_step_with_identity_and_outcome_and_no_token()
    {
        const string id = "helper-span.example.net";
        var helper = _scripts.Write("ok.sh", """cat >/dev/null; echo '{"defer":false,"msg":"","configuration":{"a":"b"},"certificate":"C","ca":"CA","ssldir":"/x"}'""");
        var input = new HelperInput
        {
            Identity = id,
            Inventory = "{}",
            Jwt = JsonSerializer.SerializeToElement(new { cht = Token, chu = "nats://127.0.0.1:4222" }),
        };

        using (var step = OnboardingTracing.Source.StartActivity("step sign"))
        {
            step!.SetTag(OnboardingTracing.Identity, id);
            Assert.True((await new HelperRunner(helper).RunAsync(input)).Succeeded);
        }

        var spans = _spans.Of(id);
        var run = Assert.Single(spans, s => s.OperationName == OnboardingTracing.HelperRunSpan);
        var parent = Assert.Single(spans, s => s.OperationName == "step sign");
        Assert.Equal((parent.TraceId, parent.SpanId, (object?)"ok"), (run.TraceId, run.ParentSpanId, run.GetTagItem(OnboardingTracing.Outcome)));
        Assert.All(run.TagObjects, t => Assert.DoesNotContain(Token, t.Value?.ToString() ?? "", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _spans.Dispose();
        _scripts.Dispose();
    }
}
