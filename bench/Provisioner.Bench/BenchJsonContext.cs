using System.Text.Json.Serialization;
using Provisioner.Bench.Crypto;

namespace Provisioner.Bench;

/// <summary>Source-generated JSON for the bench reports.</summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CryptoReport))]
public sealed partial class BenchJsonContext : JsonSerializerContext;
