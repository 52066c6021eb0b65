using System.Diagnostics;
using System.Globalization;
using NATS.Client.Core;
using Provisioner.Aaa.Client;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Tokens;
using Provisioner.Messages.Wire;
using Provisioner.Security.Keys;
using System.CommandLine;

namespace Provisioner.Bench.Aaa;

/// <summary>
/// <c>aaa-sign --aaa-config FILE --nats URL [--seconds 10] [--concurrency 32]</c>: signings per second through the
/// <c>aaa_signer</c> service of the running members. It mints a token for the configuration's first user with its
/// login key (login is not what is measured), then keeps <c>--concurrency</c> requests in flight, each a fresh
/// <c>rpcutil#ping</c> signed with the token's seed; only allowed answers count.
/// </summary>
public static class AaaSignCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string>("--aaa-config") { Description = "The aaasvc configuration the members serve.", Required = true };
        var nats = new Option<string>("--nats") { Description = "The NATS server the members' aaa_signer listens on.", Required = true };
        var collective = new Option<string>("--collective") { Description = "The members' provisioner.aaa.collective.", DefaultValueFactory = _ => "choria" };
        var seconds = new Option<double>("--seconds") { Description = "How long the measured run lasts.", DefaultValueFactory = _ => 10 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight at once.", DefaultValueFactory = _ => 32 };
        var command = new Command("aaa-sign", "Signings per second through the aaa_signer NATS service of running members.") { config, nats, collective, seconds, concurrency };
        command.SetAction(async (pr, cancellation) =>
        {
            var settings = AaaSettings.Load(pr.GetValue(config)!);
            var user = settings.Login!.UsersFile is { } usersFile ? UserList.Read(usersFile)[0] : settings.Login.Users[0];
            using var seed = Ed25519KeyPair.Generate();
            string token;
            using (var authenticator = UserlistAuthenticator.Create(settings.Login, TimeProvider.System))
            using (var key = UserlistAuthenticator.LoadSigningKey(settings.Login.SigningKeyPath))
            {
                token = ClientTokens.Sign(authenticator.ClaimsFor(user, null, seed.PublicKeyHex, DateTimeOffset.UtcNow), key);
            }
            await using var connection = new NatsConnection(new NatsOpts { Url = pr.GetValue(nats)!, Name = "aaa-sign-bench" });
            await connection.ConnectAsync();
            var client = new AaaSignerClient(connection, pr.GetValue(collective)!, "aaa-sign-bench", TimeProvider.System);
            var callerId = CallerIds.ForUser(user.Username);

            // One untimed second warms the members' and this client's code.
            var warmup = await RunAsync(client, token, seed, callerId, pr.GetValue(collective)!, TimeSpan.FromSeconds(1), pr.GetValue(concurrency), cancellation);
            var (signed, failed, latencies, elapsed) = await RunAsync(client, token, seed, callerId, pr.GetValue(collective)!, TimeSpan.FromSeconds(pr.GetValue(seconds)), pr.GetValue(concurrency), cancellation);
            latencies.Sort();
            double Percentile(double p) => latencies.Count == 0 ? 0 : latencies[Math.Min(latencies.Count - 1, (int)(p * latencies.Count))];
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warmup_signed={warmup.Signed} signed={signed} failed={failed} seconds={elapsed.TotalSeconds:F1} signings_per_s={signed / elapsed.TotalSeconds:F0} p50_ms={Percentile(0.5):F1} p99_ms={Percentile(0.99):F1} concurrency={pr.GetValue(concurrency)}"));
            return failed == 0 ? 0 : 1;
        });
        return command;
    }

    private static async Task<(int Signed, int Failed, List<double> LatenciesMs, TimeSpan Elapsed)> RunAsync(
        AaaSignerClient client, string token, Ed25519KeyPair seed, string callerId, string collective, TimeSpan duration, int concurrency, CancellationToken cancellation)
    {
        var signed = 0;
        var failed = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration)
            {
                var request = ClientRequests.Build("rpcutil", "ping", RpcData.EmptyObject, callerId, "aaa-sign-bench", collective, TimeProvider.System);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await client.SignAsync(request, token, seed, cancellation);
                    Interlocked.Increment(ref signed);
                    mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (AaaClientException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
            lock (latencies) latencies.AddRange(mine);
        }, cancellation)).ToList();
        await Task.WhenAll(workers);
        return (signed, failed, latencies, clock.Elapsed);
    }
}
