using System.Net;
using Akka.Configuration;
using Microsoft.AspNetCore.Http;
using Provisioner.Host.Members;
using Provisioner.Host.Web;
using Xunit;

namespace Provisioner.Host.Tests.Web;

public sealed class WebViewSettingsTests
{
    private static readonly Config File = ConfigurationFactory.ParseString("""provisioner.web.bind = "127.0.0.1:9301" """);

    private static string Resolve(string? flag, string? environment, Config file) =>
        MemberSettings.Resolve(new MemberFlags { Web = flag }, name => name == ProvisionerVariables.Web ? environment : null, file).Provisioner.WebBind;

    [Fact]
    public void The_flag_beats_the_environment_which_beats_the_file_which_beats_loopback_9120()
    {
        Assert.Equal("127.0.0.1:9303", Resolve("127.0.0.1:9303", "127.0.0.1:9302", File));
        Assert.Equal("127.0.0.1:9302", Resolve(null, "127.0.0.1:9302", File));
        Assert.Equal("127.0.0.1:9301", Resolve(null, null, File));
        Assert.Equal("127.0.0.1:9120", Resolve(null, null, Config.Empty));
    }

    [Theory]
    [InlineData("127.0.0.1:9120", "127.0.0.1", 9120)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    [InlineData("[::1]:9120", "::1", 9120)]
    public void Bind_is_an_address_and_port(string bind, string address, int port) =>
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), WebViewSettings.Parse(bind));

    [Theory]
    [InlineData("off")]
    [InlineData("OFF")]
    [InlineData("")]
    public void Off_or_empty_turns_the_web_view_off(string bind) => Assert.Null(WebViewSettings.Parse(bind));

    [Theory]
    [InlineData("localhost:9120")]
    [InlineData("127.0.0.1")]
    [InlineData("9120")]
    [InlineData("127.0.0.1:99999")]
    public void Anything_else_is_refused_naming_the_setting(string bind)
    {
        var e = Assert.Throws<FormatException>(() => WebViewSettings.Parse(bind));
        Assert.Equal($"provisioner.web.bind: '{bind}' is not an IP address and port (127.0.0.1:9120) or off", e.Message);
    }

    [Theory]
    [InlineData("127.0.0.1:9120", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("[::1]:9120", true)]
    [InlineData("localhost:9120", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("10.0.0.1:9120", false)]
    [InlineData("attacker.example:9120", false)]
    [InlineData("localhost.attacker.example", false)]
    [InlineData("", false)]
    public void Only_a_loopback_host_header_is_allowed(string host, bool allowed) =>
        Assert.Equal(allowed, LoopbackHostCheck.Allows(new HostString(host)));
}
