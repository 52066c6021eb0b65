using BenchmarkDotNet.Attributes;
using Provisioner.Messages.Nodes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Wire;

/// <summary>
/// The Choria envelope layers each RPC goes through: the provisioner encodes a <c>gencsr</c> request and decodes
/// the reply; the node decodes the request and encodes its reply, which carries a real CSR and public key. The
/// <c>configure</c> request is the largest a node receives (certificate, CA, configuration, server JWT).
/// </summary>
[MemoryDiagnoser]
public class ChoriaCodecBenchmarks
{
    // A fixed clock keeps the encoded request inside its ttl however long the run takes.
    private readonly ChoriaCodec _codec = new(new FixedClock(SampleNode.T0));
    private OutgoingRequest _request = null!;
    private byte[] _requestBytes = [];
    private DecodedRequest _decodedRequest = null!;
    private RpcReplyBody _reply = null!;
    private byte[] _replyBytes = [];
    private OutgoingRequest _configure = null!;
    private byte[] _configureBytes = [];

    [GlobalSetup]
    public void Setup()
    {
        _request = new OutgoingRequest
        {
            Agent = AgentNames.Provision,
            Action = "gencsr",
            Data = RpcData.From(new GenCsrRequest(Cn: SampleNode.Identity, Token: "bench-token")),
            SenderId = "provisioner.bench.example.net",
            CallerId = "choria=provisioner.bench.example.net",
            RequestId = RequestIds.New(),
            SeenByUrl = "nats://127.0.0.1:4222",
        };
        _requestBytes = _codec.EncodeRequest(_request);
        _decodedRequest = _codec.DecodeRequest(_requestBytes);
        var csr = CsrFactory.Create(new CsrSubject(SampleNode.Identity), PkiKeyAlgorithm.EcdsaP256);
        _reply = RpcReplyBody.Ok("gencsr", RpcData.From(new GenCsrReply(csr.CsrPem, csr.PublicKeyPem, "/etc/choria/ssl")));
        _replyBytes = EncodeReply();
        _configure = _request with { Action = "configure", Data = RpcData.From(SampleConfigure()) };
        _configureBytes = _codec.EncodeRequest(_configure);
        if (DecodeReply().Body is null)
        {
            throw new InvalidOperationException("the sample reply has no body");
        }
    }

    [Benchmark(Description = "EncodeRequest gencsr")]
    public byte[] EncodeRequest() => _codec.EncodeRequest(_request);

    [Benchmark(Description = "DecodeRequest gencsr")]
    public DecodedRequest DecodeRequest() => _codec.DecodeRequest(_requestBytes);

    [Benchmark(Description = "EncodeRequest configure")]
    public byte[] EncodeConfigure() => _codec.EncodeRequest(_configure);

    [Benchmark(Description = "DecodeRequest configure")]
    public DecodedRequest DecodeConfigure() => _codec.DecodeRequest(_configureBytes);

    [Benchmark(Description = "EncodeReply gencsr (CSR inside)")]
    public byte[] EncodeReply() => _codec.EncodeReply(_decodedRequest, SampleNode.Identity, _reply);

    [Benchmark(Description = "DecodeReply gencsr (CSR inside)")]
    public DecodedReply DecodeReply() => _codec.DecodeReply(_replyBytes);

    // What a member sends, from the events of a sample node's attempt: its certificate and the CA's, its
    // configuration as JSON text, its server JWT.
    private static ConfigureRequest SampleConfigure()
    {
        var events = SampleNode.Create().StepEvents;
        var signed = events.OfType<NodeEvents.Signed>().Single();
        var jwt = events.OfType<NodeEvents.JwtIssued>().Single();
        return new ConfigureRequest(
            Ca: signed.CaPem,
            Certificate: signed.CertificatePem,
            Config: System.Text.Json.JsonSerializer.Serialize(signed.Configuration),
            EcdhPublic: new string('a', 64),
            ServerJwt: jwt.ServerJwt,
            SslDir: signed.SslDir,
            Token: "bench-token");
    }
}
