using BenchmarkDotNet.Attributes;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Provisioner.Security.Pki;

namespace Provisioner.Benchmarks.Wire;

/// <summary>
/// The Choria envelope layers each RPC goes through: the provisioner encodes a <c>gencsr</c> request and decodes
/// the reply; the node decodes the request and encodes its reply, which carries a real CSR and public key.
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
        if (DecodeReply().Body is null)
        {
            throw new InvalidOperationException("the sample reply has no body");
        }
    }

    [Benchmark(Description = "EncodeRequest gencsr")]
    public byte[] EncodeRequest() => _codec.EncodeRequest(_request);

    [Benchmark(Description = "DecodeRequest gencsr")]
    public DecodedRequest DecodeRequest() => _codec.DecodeRequest(_requestBytes);

    [Benchmark(Description = "EncodeReply gencsr (CSR inside)")]
    public byte[] EncodeReply() => _codec.EncodeReply(_decodedRequest, SampleNode.Identity, _reply);

    [Benchmark(Description = "DecodeReply gencsr (CSR inside)")]
    public DecodedReply DecodeReply() => _codec.DecodeReply(_replyBytes);
}
