using Provisioner.Agent.Fleet;
using Xunit;

namespace Provisioner.Agent.Tests.Fleet;

public sealed class FleetFaultsTests
{
    [Fact]
    public void Parses_every_fault_name_with_its_rate()
    {
        var faults = FleetFaults.Parse("slow=0.05,drop=0.01,badsig=0.01,wrongcn=0.01,reboot=0.02,dup=0.05,norestart=0.01,noecdh=0.01");

        Assert.Equal(8, faults.Rates.Count);
        Assert.Equal(0.02, faults.Rates[FleetFault.Reboot]);
        Assert.Equal("slow=0.05,drop=0.01,badsig=0.01,wrongcn=0.01,reboot=0.02,dup=0.05,norestart=0.01,noecdh=0.01", faults.ToString());
        Assert.Empty(FleetFaults.Parse(" ").Rates);
    }

    [Theory]
    [InlineData("slow", "expected name=rate")]
    [InlineData("laggy=0.1", "'laggy' is unknown")]
    [InlineData("drop=2", "between 0 and 1")]
    [InlineData("drop=x", "between 0 and 1")]
    public void Refuses_malformed_entries(string text, string reason)
    {
        Assert.Contains(reason, Assert.Throws<FormatException>(() => FleetFaults.Parse(text)).Message);
    }

    [Fact]
    public void Draws_faults_by_their_rates()
    {
        var random = new Random(7);
        var always = FleetFaults.Parse("dup=1,drop=0");

        var drawn = Enumerable.Range(0, 50).Select(_ => always.Draw(random)).ToList();

        Assert.All(drawn, faults => Assert.Equal([FleetFault.Duplicate], faults));
    }

    [Fact]
    public void Names_nodes_with_zero_padded_numbers()
    {
        var options = new FleetOptions { Nodes = 1500, Token = "t", IdentityPrefix = "sim" };

        Assert.Equal("sim0001.fleet.example.net", FleetSimulator.IdentityOf(options, 1));
        Assert.Equal("sim1500.fleet.example.net", FleetSimulator.IdentityOf(options, 1500));
    }

    [Fact]
    public void The_summary_line_is_machine_readable()
    {
        var result = new FleetResult(3, 2, TimeSpan.FromSeconds(12.34), []);

        Assert.Equal("fleet nodes=3 provisioned=2 failed=1 elapsed_s=12.3", result.SummaryLine);
        Assert.False(result.AllProvisioned);
    }
}
