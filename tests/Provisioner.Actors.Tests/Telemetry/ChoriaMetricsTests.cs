using Provisioner.Actors.Telemetry;
using Provisioner.Messages.Nodes;
using Xunit;

namespace Provisioner.Actors.Tests.Telemetry;

/// <summary>Our metrics count what Choria's provisioner counts, under the same labels.</summary>
public sealed class ChoriaMetricsTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    [Theory]
    [InlineData(ProvisioningStep.Jwt, "jwt")]
    [InlineData(ProvisioningStep.Gen25519, "gen25519")]
    [InlineData(ProvisioningStep.Inventory, "inventory")]
    [InlineData(ProvisioningStep.Gencsr, "gencsr")]
    [InlineData(ProvisioningStep.Configure, "configure")]
    [InlineData(ProvisioningStep.Restart, "restart")]
    [InlineData(ProvisioningStep.Shutdown, "shutdown")]
    [InlineData(ProvisioningStep.Sign, "sign")]
    [InlineData(ProvisioningStep.IssueServerJwt, "server_jwt")]
    public void The_rpc_label_is_choria_s_action_name(ProvisioningStep step, string label) =>
        Assert.Equal(label, ProvisionerMetrics.RpcLabel(step));

    [Theory]
    [InlineData(ProvisioningStep.Jwt)]
    [InlineData(ProvisioningStep.Configure)]
    [InlineData(ProvisioningStep.Restart)]
    public void An_attempt_failed_at_an_rpc_counts_one_rpc_error_for_it(ProvisioningStep step) =>
        Assert.Equal(ProvisionerMetrics.RpcLabel(step), ProvisionerMetrics.RpcErrorLabel(new NodeEvents.AttemptFailed("n1.example.net", 1, At, step, "gave up")));

    [Theory]
    [InlineData(ProvisioningStep.Sign)]
    [InlineData(ProvisioningStep.IssueServerJwt)]
    public void An_attempt_failed_at_the_helper_or_the_server_jwt_counts_no_rpc_error(ProvisioningStep step) =>
        Assert.Null(ProvisionerMetrics.RpcErrorLabel(new NodeEvents.AttemptFailed("n1.example.net", 1, At, step, "helper failed")));

    [Fact]
    public void A_retried_try_or_another_end_counts_no_rpc_error()
    {
        Assert.Null(ProvisionerMetrics.RpcErrorLabel(new NodeEvents.StepRetried("n1.example.net", 1, At, ProvisioningStep.Configure, 1, "no reply")));
        Assert.Null(ProvisionerMetrics.RpcErrorLabel(new NodeEvents.AttemptDeferred("n1.example.net", 1, At, "waiting for CMDB")));
    }
}
