using System.Diagnostics.Metrics;
using Provisioner.Host.Monitoring;
using Xunit;

namespace Provisioner.Host.Tests.Monitoring;

public sealed class ExportedMetersPredicateTests
{
    [Theory]
    [InlineData("System.Runtime", true)]
    [InlineData("Npgsql", false)]
    [InlineData("Microsoft.AspNetCore.Hosting", false)]
    [InlineData("Microsoft.AspNetCore.Server.Kestrel", false)]
    [InlineData("System.Net.Http", false)]
    public void Only_the_runtimes_meter_is_exported(string meterName, bool exported)
    {
        using var meter = new Meter(meterName);
        var instrument = meter.CreateCounter<long>("operations");

        Assert.Equal(exported, ExportedMeters.Exports(instrument));
    }
}
