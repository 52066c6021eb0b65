using System.Text.Json;
using Provisioner.Bench;
using Provisioner.Bench.Crypto;
using Xunit;

namespace Provisioner.IntegrationTests.Bench;

public sealed class CryptoPipelineTests
{
    [Fact]
    public void One_thread_for_a_second_completes_nodes_and_runs_every_step_once_per_node()
    {
        var result = CryptoPipeline.Run(new CryptoPipelineOptions { Duration = TimeSpan.FromSeconds(1), Threads = 1 });

        Assert.True(result.Nodes > 0, "no node completed");
        Assert.Equal(1, result.Threads);
        Assert.Equal(
            CryptoSteps.All.Where(s => s != CryptoStep.NatsCredentials).Select(CryptoSteps.Name),
            result.Steps.Select(s => s.Name));
        Assert.All(result.Steps, step =>
        {
            Assert.Equal(result.Nodes, step.Count);
            Assert.True(step.MeanMicroseconds > 0, $"{step.Name} took no time");
        });
        Assert.True(result.NodesPerMinute > 0);
    }

    [Fact]
    public void With_nats_credentials_the_machine_jwt_is_minted_for_every_node()
    {
        var result = CryptoPipeline.Run(new CryptoPipelineOptions { Duration = TimeSpan.FromSeconds(0.5), Threads = 1, NatsCredentials = true });

        var minted = Assert.Single(result.Steps, s => s.Step == CryptoStep.NatsCredentials);
        Assert.True(result.Nodes > 0, "no node completed");
        Assert.Equal(result.Nodes, minted.Count);
    }

    [Fact]
    public void Printed_figures_end_with_the_line_the_bench_script_reads()
    {
        var result = new CryptoPipelineResult(1200, TimeSpan.FromSeconds(2), 2,
            [new CryptoStepResult(CryptoStep.FleetCsr, 1200, 400.26), new CryptoStepResult(CryptoStep.CsrSign, 1200, 99.74)]);
        var output = new StringWriter();

        CryptoCommand.Print(result, output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("step=fleet_csr side=fleet mean_us=400.3 count=1200", lines[0]);
        Assert.Equal("step=csr_sign side=provisioner mean_us=99.7 count=1200", lines[1]);
        Assert.Equal("crypto_bound_per_min=36000 threads=2 seconds=2.0", lines[^1]);
    }

    [Fact]
    public void Json_report_names_the_figures_and_the_machine()
    {
        var result = new CryptoPipelineResult(600, TimeSpan.FromSeconds(1), 2, [new CryptoStepResult(CryptoStep.TokenVerify, 600, 120)]);

        var json = JsonSerializer.Serialize(CryptoReport.From(result, MachineInfo.Current(), DateTimeOffset.UnixEpoch), BenchJsonContext.Default.CryptoReport);

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal(36000, root.GetProperty("crypto_bound_per_min").GetDouble());
        Assert.Equal(2, root.GetProperty("threads").GetInt32());
        var step = Assert.Single(root.GetProperty("steps").EnumerateArray().ToArray());
        Assert.Equal("token_verify", step.GetProperty("name").GetString());
        Assert.Equal(120, step.GetProperty("mean_us").GetDouble());
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("machine").GetProperty("cores").GetInt32());
        Assert.StartsWith(".NET", root.GetProperty("machine").GetProperty("dotnet").GetString());
    }
}
