using System.Text;
using Provisioner.Messages.Lifecycle;
using Provisioner.Messages.Wire;
using Xunit;

namespace Provisioner.Messages.Tests.Lifecycle;

public sealed class LifecycleCodecTests
{
    private const string SpecStartup =
        """{"specversion":"1.0","id":"6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f","source":"io.choria.lifecycle","type":"io.choria.lifecycle.v1.startup","subject":"n1.example.net","datacontenttype":"application/json","time":"2023-11-14T22:13:20Z","data":{"protocol":"io.choria.lifecycle.v1.startup","id":"6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f","identity":"n1.example.net","component":"provision_mode_server","timestamp":1700000000,"version":"0.29.4"}}""";

    private static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1700000000);

    private static LifecycleEvent Event(LifecycleEventType type, string? version = null, string? newVersion = null) =>
        new(type, "6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f", "n1.example.net", LifecycleComponents.ProvisionModeServer, At, version, newVersion);

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static string Rejection(string json) =>
        Assert.Throws<ChoriaProtocolException>(() => LifecycleCodec.Parse(Encoding.UTF8.GetBytes(json))).Message;

    [Fact]
    public void Startup_event_matches_the_spec_byte_for_byte()
    {
        var startup = Event(LifecycleEventType.Startup, "0.29.4");

        Assert.Equal(SpecStartup, Text(LifecycleCodec.EncodeCloudEvent(startup)));
        Assert.Equal("choria.lifecycle.event.startup.provision_mode_server", startup.Subject);
    }

    [Theory]
    [InlineData(LifecycleEventType.Provisioned)]
    [InlineData(LifecycleEventType.Shutdown)]
    public void Provisioned_and_shutdown_events_carry_no_version(LifecycleEventType type)
    {
        var name = LifecycleEvent.NameOf(type);
        var expected = SpecStartup.Replace("v1.startup", "v1." + name).Replace(",\"version\":\"0.29.4\"", "");

        Assert.Equal(expected, Text(LifecycleCodec.EncodeCloudEvent(Event(type, "0.29.4"))));
    }

    [Fact]
    public void Alive_event_carries_a_version_even_when_unknown()
    {
        Assert.EndsWith("\"timestamp\":1700000000,\"version\":\"\"}}", Text(LifecycleCodec.EncodeCloudEvent(Event(LifecycleEventType.Alive))));
    }

    [Fact]
    public void Upgraded_event_carries_old_and_new_version()
    {
        var text = Text(LifecycleCodec.EncodeCloudEvent(Event(LifecycleEventType.Upgraded, "0.29.4", "0.29.5")));

        Assert.EndsWith("\"timestamp\":1700000000,\"version\":\"0.29.4\",\"new_version\":\"0.29.5\"}}", text);
        Assert.Contains("\"type\":\"io.choria.lifecycle.v1.upgraded\"", text);
    }

    [Fact]
    public void Created_event_has_a_dashed_uuid_and_whole_seconds()
    {
        var created = LifecycleEvent.Create(LifecycleEventType.Startup, "n1", LifecycleComponents.ProvisionModeServer, At.AddMilliseconds(750), "1");
        var text = Text(LifecycleCodec.EncodeCloudEvent(created));

        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", created.Id);
        Assert.Equal(At, created.Timestamp);
        Assert.Contains($"\"id\":\"{created.Id}\",\"source\"", text);
        Assert.Contains($"\"id\":\"{created.Id}\",\"identity\"", text);
        Assert.Contains("\"time\":\"2023-11-14T22:13:20Z\"", text);
    }

    [Fact]
    public void Provisioner_announces_itself_in_the_legacy_flat_format()
    {
        var startup = Event(LifecycleEventType.Startup, "1.0.0") with { Identity = "prov.example.net", Component = LifecycleComponents.Provisioner };

        Assert.Equal(
            """{"protocol":"io.choria.lifecycle.v1.startup","id":"6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f","identity":"prov.example.net","component":"provisioner","timestamp":1700000000,"version":"1.0.0"}""",
            Text(LifecycleCodec.EncodeLegacy(startup)));
    }

    [Fact]
    public void Parses_the_spec_cloud_event()
    {
        Assert.Equal(Event(LifecycleEventType.Startup, "0.29.4"), LifecycleCodec.Parse(Encoding.UTF8.GetBytes(SpecStartup)));
    }

    [Theory]
    [InlineData(LifecycleEventType.Startup, "0.29.4", null)]
    [InlineData(LifecycleEventType.Shutdown, null, null)]
    [InlineData(LifecycleEventType.Provisioned, null, null)]
    [InlineData(LifecycleEventType.Alive, "0.29.4", null)]
    [InlineData(LifecycleEventType.Upgraded, "0.29.4", "0.30.0")]
    public void Every_event_round_trips_in_both_formats(LifecycleEventType type, string? version, string? newVersion)
    {
        var original = Event(type, version, newVersion);

        Assert.Equal(original, LifecycleCodec.Parse(LifecycleCodec.EncodeCloudEvent(original)));
        Assert.Equal(original, LifecycleCodec.Parse(LifecycleCodec.EncodeLegacy(original)));
    }

    [Fact]
    public void Legacy_protocol_string_is_normalised()
    {
        var parsed = LifecycleCodec.Parse(Encoding.UTF8.GetBytes(
            """{"protocol":"choria:lifecycle:startup:1","id":"x","identity":"n1","component":"provision_mode_server","timestamp":1700000000,"version":"0.1"}"""));

        Assert.Equal(LifecycleEventType.Startup, parsed.Type);
        Assert.Equal("io.choria.lifecycle.v1.startup", parsed.Protocol);
        Assert.Equal("n1", parsed.Identity);
        Assert.Equal("0.1", parsed.Version);
    }

    [Theory]
    [InlineData("{", "lifecycle event is not valid JSON")]
    [InlineData("[]", "lifecycle event must be a JSON object")]
    [InlineData("""{"id":"x","identity":"n1","component":"c","timestamp":1}""", "required field 'protocol' is missing")]
    [InlineData("""{"protocol":"choria:lifecycle:reboot:1","id":"x","identity":"n1","component":"c","timestamp":1}""", "field 'protocol' is 'choria:lifecycle:reboot:1'")]
    [InlineData("""{"protocol":"io.choria.lifecycle.v1.startup","id":"x","component":"c","timestamp":1}""", "required field 'identity' is missing")]
    [InlineData("""{"protocol":"io.choria.lifecycle.v1.startup","id":"x","identity":"n1","timestamp":1}""", "required field 'component' is missing")]
    [InlineData("""{"protocol":"io.choria.lifecycle.v1.startup","id":"x","identity":"n1","component":"c","timestamp":"soon"}""", "field 'timestamp' must be an integer")]
    [InlineData("""{"specversion":"0.3","type":"io.choria.lifecycle.v1.startup","data":{}}""", "specversion is '0.3', expected '1.0'")]
    [InlineData("""{"specversion":"1.0","type":"com.example.other","data":{}}""", "field 'type' is 'com.example.other'")]
    [InlineData("""{"specversion":"1.0","type":"io.choria.lifecycle.v1.startup"}""", "required field 'data' is missing")]
    [InlineData("""{"specversion":"1.0","type":"io.choria.lifecycle.v1.startup","time":"yesterday","data":{}}""", "field 'time' is not an RFC 3339 time")]
    [InlineData("""{"specversion":"1.0","id":"x","subject":"n1","type":"io.choria.lifecycle.v1.startup","data":{"protocol":"io.choria.lifecycle.v1.shutdown","component":"c","timestamp":1}}""", "disagrees with the event type 'startup'")]
    public void Malformed_events_are_rejected_naming_the_field(string json, string reason)
    {
        Assert.Contains(reason, Rejection(json));
    }

    [Fact]
    public void Cloud_event_fills_identity_id_and_timestamp_from_its_envelope_when_data_lacks_them()
    {
        var parsed = LifecycleCodec.Parse(Encoding.UTF8.GetBytes(
            """{"specversion":"1.0","id":"abc","subject":"n9","type":"io.choria.lifecycle.v1.alive","time":"2023-11-14T22:13:20Z","data":{"component":"server","version":"2"}}"""));

        Assert.Equal(new LifecycleEvent(LifecycleEventType.Alive, "abc", "n9", "server", At, "2"), parsed);
    }
}
