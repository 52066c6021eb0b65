using System.Text.Json.Serialization;
using Provisioner.Aaa.Configuration;
using Provisioner.Aaa.Login;
using Provisioner.Aaa.Tokens;
using Provisioner.Security.Tokens;

namespace Provisioner.Aaa;

/// <summary>Source-generated JSON for the AAA configuration, tokens and wire records; nulls are omitted unless a property says otherwise.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(AaaConfigFile))]
[JsonSerializable(typeof(ClientIdClaims))]
[JsonSerializable(typeof(List<UserRecord>))]
[JsonSerializable(typeof(LoginRequest))]
[JsonSerializable(typeof(LoginReply))]
[JsonSerializable(typeof(Signing.SignRequest))]
[JsonSerializable(typeof(Signing.SignReply))]
[JsonSerializable(typeof(Signing.SignerRpcData))]
[JsonSerializable(typeof(Signing.SignerRpcReply))]
[JsonSerializable(typeof(string))]
internal sealed partial class AaaJsonContext : JsonSerializerContext;
