using System.Net;
using System.Net.Sockets;
using System.Text;
using Provisioner.Host.LiveConsole.Protocol;
using Provisioner.Host.LiveConsole.Server;
using Provisioner.Testing;
using Xunit;

namespace Provisioner.Host.Tests.LiveConsole;

/// <summary>
/// What the endpoint does with bad, oversized, unfinished, missing and abandoned requests, and with more connections
/// from one address than it allows: say why, close what must close, and keep serving everyone else.
/// </summary>
[Collection(ConsoleMemberCollection.Name)]
public sealed class ConsoleProtocolTests(ConsoleMemberFixture fixture)
{
    private ConsoleAddress Address => fixture.Trusting;

    private async Task AssertStillServes() => (await ConsoleCalls.RunAsync(Address, "cluster", "show")).AssertEnded();

    [Theory]
    [InlineData("{not json", null, "malformed request JSON: 'n' is an invalid start of a property name. Expected a '\"'.")]
    [InlineData("[1,2]", null, "request field $ has the wrong type (id and cancel are strings, command an array of strings, auth an object)")]
    [InlineData("{\"id\":\"7\",\"command\":\"cluster show\"}", null, "request field $.command has the wrong type (id and cancel are strings, command an array of strings, auth an object)")]
    [InlineData("{\"id\":\"7\",\"command\":[\"cluster\",\"show\"],\"verbose\":true}", null, "unknown request field at $.verbose; a request has id, command, auth, cancel")]
    [InlineData("{\"command\":[\"cluster\",\"show\"]}", null, "request field 'id' is required (a non-empty string)")]
    [InlineData("{\"id\":\"7\"}", "7", "request field 'command' is required: the command's words as non-empty strings, e.g. [\"cluster\",\"show\"]")]
    [InlineData("{\"id\":\"7\",\"command\":[]}", "7", "request field 'command' is required: the command's words as non-empty strings, e.g. [\"cluster\",\"show\"]")]
    public async Task Malformed_request_gets_a_clear_error_and_the_connection_keeps_serving(string line, string? id, string message)
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendAsync(line + "\n");
        var error = await connection.ReadAsync();
        Assert.Equal(new ConsoleResponse(id, ResponseKinds.Error, Code: ConsoleErrorCodes.BadRequest, Message: message), error);

        await connection.SendRequestAsync("8", "cluster", "show");
        var responses = await connection.ReadUntilFinalAsync("8");
        responses.AssertEnded();
    }

    [Fact]
    public async Task Unknown_command_gets_a_clear_error_and_the_connection_keeps_serving()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync("1", "cluster", "explode");
        var error = await connection.ReadAsync();
        Assert.Equal(ConsoleErrorCodes.UnknownCommand, error!.Code);
        Assert.Equal("unknown command 'cluster explode'; cluster has: show, leader, leave, down, down-unreachable, tail", error.Message);

        await connection.SendRequestAsync("2", "launch", "rockets");
        Assert.Equal("unknown command 'launch rockets'; palettes: actor, cluster, log, node, provisioner, shard", (await connection.ReadAsync())!.Message);

        await connection.SendRequestAsync("3", "cluster", "show");
        (await connection.ReadUntilFinalAsync("3")).AssertEnded();
    }

    [Fact]
    public async Task Line_of_one_mebibyte_gets_an_error_and_the_connection_is_closed()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        var huge = Encoding.ASCII.GetBytes("{\"id\":\"1\",\"command\":[\"" + new string('a', 1024 * 1024) + "\"]}\n");
        var sending = Task.Run(async () =>
        {
            try
            {
                await connection.Stream.WriteAsync(huge);
            }
            catch (IOException)
            {
                // The endpoint may close before the whole mebibyte is written; that is the point.
            }
        });
        var error = await connection.ReadAsync();
        Assert.Equal(new ConsoleResponse(null, ResponseKinds.Error, Code: ConsoleErrorCodes.LineTooLong,
            Message: "request line longer than 65536 bytes; closing the connection"), error);
        Assert.Null(await connection.ReadAsync());
        await sending;
        await AssertStillServes();
    }

    [Fact]
    public async Task Half_sent_line_then_end_of_input_gets_an_error_and_a_clean_close()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendAsync("{\"id\":\"1\",\"comm");
        connection.Socket.Shutdown(SocketShutdown.Send);
        var error = await connection.ReadAsync();
        Assert.Equal(ConsoleErrorCodes.IncompleteLine, error!.Code);
        Assert.Equal("connection closed in the middle of a request line (15 bytes discarded)", error.Message);
        Assert.Null(await connection.ReadAsync());
        await AssertStillServes();
    }

    private Task<ConsoleEndpoint> StartAsync(ConsoleOptions options) =>
        ConsoleEndpoint.StartAsync(fixture.Member.System, fixture.Member.Cluster, options with { Port = 0 }, CancellationToken.None);

    private static ConsoleAddress AddressOf(ConsoleEndpoint endpoint) => new("127.0.0.1", endpoint.EndPoint.Port);

    [Fact]
    public async Task Line_left_unfinished_past_the_timeout_gets_an_error_and_the_connection_is_closed()
    {
        // Long enough for the first, whole line to arrive on a busy machine: that line is not what is timed here.
        await using var impatient = await StartAsync(new ConsoleOptions { RequestLineTimeout = TimeSpan.FromSeconds(3) });
        await using var connection = await RawConnection.OpenAsync(AddressOf(impatient));
        await connection.SendRequestAsync("1", "cluster", "leader");
        (await connection.ReadUntilFinalAsync("1")).AssertEnded();
        await connection.SendAsync("{\"id\":");
        var error = await connection.ReadAsync();
        Assert.Equal(new ConsoleResponse(null, ResponseKinds.Error, Code: ConsoleErrorCodes.IncompleteLine,
            Message: "request line incomplete after 3 s (6 bytes received); closing the connection"), error);
        Assert.Null(await connection.ReadAsync());
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("{\"id\":", 6)]
    public async Task Connection_without_a_complete_first_line_within_the_timeout_is_closed(string sent, int bytes)
    {
        await using var impatient = await StartAsync(new ConsoleOptions { RequestLineTimeout = TimeSpan.FromMilliseconds(500) });
        await using var connection = await RawConnection.OpenAsync(AddressOf(impatient));
        await connection.SendAsync(sent);
        var error = await connection.ReadAsync();
        Assert.Equal(new ConsoleResponse(null, ResponseKinds.Error, Code: ConsoleErrorCodes.Idle,
            Message: $"no complete request line within 0.5 s of connecting ({bytes} bytes received); closing the connection"), error);
        Assert.Null(await connection.ReadAsync());
        await Eventually.TrueAsync(() => impatient.OpenConnections == 0, TimeSpan.FromSeconds(30), "the idle connection is let go");
    }

    [Fact]
    public async Task Connections_beyond_the_cap_from_one_address_are_refused_while_other_addresses_are_served()
    {
        var crowded = IPAddress.Parse("127.0.0.2");
        await using var endpoint = await StartAsync(new ConsoleOptions { MaxConnectionsPerAddress = 3, RequestLineTimeout = TimeSpan.FromMinutes(10) });
        var idle = new List<RawConnection>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                // Greeted means counted: the endpoint greets only connections it admitted.
                idle.Add(await RawConnection.OpenAsync(AddressOf(endpoint), crowded));
            }
            await using (var fourth = await RawConnection.ConnectAsync(AddressOf(endpoint), crowded))
            {
                Assert.Equal(new ConsoleResponse(null, ResponseKinds.Error, Code: ConsoleErrorCodes.Busy,
                    Message: "127.0.0.2 already has 3 console connections open; close one and try again"), await fourth.ReadAsync());
                Assert.Null(await fourth.ReadAsync());
            }

            (await ConsoleCalls.RunAsync(AddressOf(endpoint), "provisioner", "resume")).AssertEnded();
            await using (var other = await RawConnection.OpenAsync(AddressOf(endpoint), IPAddress.Parse("127.0.0.3")))
            {
                await other.SendRequestAsync("1", "cluster", "leader");
                (await other.ReadUntilFinalAsync("1")).AssertEnded();
            }

            await idle[0].DisposeAsync();
            idle.RemoveAt(0);
            await Eventually.TrueAsync(async () =>
            {
                await using var again = await RawConnection.ConnectAsync(AddressOf(endpoint), crowded);
                return (await again.ReadAsync())?.Kind == ResponseKinds.Greeting;
            }, TimeSpan.FromSeconds(30), "a closed connection frees its address's slot");
        }
        finally
        {
            foreach (var connection in idle)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Client_refused_for_its_address_says_why()
    {
        await using var endpoint = await StartAsync(new ConsoleOptions { MaxConnectionsPerAddress = 1, RequestLineTimeout = TimeSpan.FromMinutes(10) });
        await using var first = await RawConnection.OpenAsync(AddressOf(endpoint));
        var error = await Assert.ThrowsAsync<IOException>(() => ConsoleCalls.ConnectAsync(AddressOf(endpoint)));
        Assert.Equal("the console refused the connection: 127.0.0.1 already has 1 console connections open; close one and try again", error.Message);
    }

    [Fact]
    public async Task Finite_request_sent_before_the_client_closes_its_side_is_still_answered()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync("1", "provisioner", "status");
        connection.Socket.Shutdown(SocketShutdown.Send);
        var responses = await connection.ReadUntilFinalAsync("1");
        Assert.Equal([ResponseKinds.Table, ResponseKinds.End], responses.Select(r => r.Kind));
        Assert.Null(await connection.ReadAsync());
    }

    [Fact]
    public async Task Dropped_connection_in_the_middle_of_a_stream_is_cleaned_up_and_the_member_keeps_serving()
    {
        var endpoint = fixture.Member.Endpoint;
        await Eventually.TrueAsync(() => endpoint.OpenConnections == 0, TimeSpan.FromSeconds(30), "earlier connections closed");
        var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync("1", "log", "tail");
        await connection.SendRequestAsync("2", "cluster", "tail");
        while ((await connection.ReadAsync())!.Id != "2")
        {
        }
        Assert.Equal(1, endpoint.OpenConnections);

        connection.Socket.LingerState = new LingerOption(true, 0);
        connection.Socket.Close();
        await connection.DisposeAsync();

        await Eventually.TrueAsync(() => endpoint.OpenConnections == 0, TimeSpan.FromSeconds(30), "the dropped connection is closed");
        await Eventually.TrueAsync(async () => !(await ConsoleCalls.RunAsync(Address, "actor", "hierarchy", "--root", "/user", "--depth", "1"))
            .Lines().Any(l => l.StartsWith("  $")), TimeSpan.FromSeconds(30), "the cluster tail's forwarder is stopped");
        await AssertStillServes();
    }

    [Fact]
    public async Task Stream_is_cancelled_by_a_cancel_line_and_ends_without_error()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync("tail", "cluster", "tail");
        var first = await connection.ReadAsync();
        Assert.Contains("MemberUp", first!.Text);
        await connection.SendAsync("{\"id\":\"c\",\"cancel\":\"tail\"}\n");
        var rest = await connection.ReadUntilFinalAsync("tail");
        rest.AssertEnded();
        await connection.SendRequestAsync("next", "cluster", "leader");
        (await connection.ReadUntilFinalAsync("next")).AssertEnded();
    }

    [Fact]
    public async Task Requests_on_one_connection_run_side_by_side_with_their_own_ids()
    {
        await using var connection = await RawConnection.OpenAsync(Address);
        await connection.SendRequestAsync("stream", "log", "tail");
        await connection.SendRequestAsync("a", "cluster", "show");
        await connection.SendRequestAsync("b", "provisioner", "status");
        var answers = new List<ConsoleResponse>();
        while (answers.Count(r => r.Id is "a" or "b" && r.IsFinal) < 2)
        {
            answers.Add((await connection.ReadAsync())!);
        }
        Assert.Equal([ResponseKinds.Table, ResponseKinds.End], answers.Where(r => r.Id == "a").Select(r => r.Kind));
        Assert.Equal([ResponseKinds.Table, ResponseKinds.End], answers.Where(r => r.Id == "b").Select(r => r.Kind));
        Assert.DoesNotContain(answers, r => r.Id == "stream" && r.IsFinal);
    }

    [Fact]
    public async Task An_endpoint_stops_cleanly_after_connections_it_served_have_closed()
    {
        // A finished connection's stop callback must be gone: left registered, stopping the endpoint would cancel
        // what the connection already disposed and the stop would fail.
        var endpoint = await ConsoleEndpoint.StartAsync(fixture.Member.System, fixture.Member.Cluster, new ConsoleOptions { Port = 0 }, CancellationToken.None);
        var address = new ConsoleAddress("127.0.0.1", endpoint.EndPoint.Port);
        await using (var connection = await RawConnection.OpenAsync(address))
        {
            await connection.SendRequestAsync("1", "cluster", "show");
            (await connection.ReadUntilFinalAsync("1")).AssertEnded();
        }
        await using (await RawConnection.OpenAsync(address))
        {
        }
        await Eventually.TrueAsync(() => endpoint.OpenConnections == 0, TimeSpan.FromSeconds(30), "both connections end");

        var stop = await Record.ExceptionAsync(async () => await endpoint.DisposeAsync());

        Assert.Null(stop);
    }
}
