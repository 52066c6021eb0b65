using System.Text.Json;
using Provisioner.Messages.Wire;
using Provisioner.Messages.Wire.Payloads;
using Xunit;

namespace Provisioner.Messages.Tests.Wire;

public sealed class GoJsonEncoderTests
{
    [Theory]
    [InlineData("a<b>c&d", "\"a\\u003cb\\u003ec\\u0026d\"")]
    [InlineData("line\u2028para\u2029", "\"line\\u2028para\\u2029\"")]
    [InlineData("q\"b\\s", "\"q\\\"b\\\\s\"")]
    [InlineData("\n\r\t\b\f", "\"\\n\\r\\t\\b\\f\"")]
    [InlineData("\u0001\u001f", "\"\\u0001\\u001f\"")]
    [InlineData("a+b/c='d'", "\"a+b/c='d'\"")]
    [InlineData("héllo wörld ✓ 日本 😀", "\"héllo wörld ✓ 日本 😀\"")]
    [InlineData("\u007f", "\"\u007f\"")]
    public void Strings_are_escaped_as_go_does(string value, string expected)
    {
        Assert.Equal(expected, ChoriaJson.Serialize(new ActionMessageReply(value)).Replace("{\"message\":", "").TrimEnd('}'));
    }

    [Theory]
    [InlineData("a<b>c&d", "\"a\\u003cb\\u003ec\\u0026d\"")]
    [InlineData("日本\u2028語\u2029", "\"日本\\u2028語\\u2029\"")]
    [InlineData("héllo ✓ 😀 + é<", "\"héllo ✓ 😀 + é\\u003c\"")]
    [InlineData("\u2027\u202a plain", "\"\u2027\u202a plain\"")]
    public void Utf8_text_from_parsed_json_is_escaped_as_go_does(string value, string expected)
    {
        // Values copied from a parsed document are written from their UTF-8 bytes (the encoder's UTF-8 path).
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));

        Assert.Equal(expected, ChoriaJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Property_names_and_nested_data_get_the_same_escaping()
    {
        using var document = JsonDocument.Parse("""{"k<":"v\u003e+é","n":[1,2.5,true,null]}""");

        Assert.Equal("{\"k\\u003c\":\"v\\u003e+é\",\"n\":[1,2.5,true,null]}", ChoriaJson.Serialize(document.RootElement));
    }

    [Fact]
    public void Inner_layers_embedded_as_strings_escape_their_escapes()
    {
        var body = new RpcRequestBody("a", "b", RpcData.From(new ShutdownRequest("<&>")));
        var inner = ChoriaJson.Serialize(body);
        var outer = ChoriaJson.Serialize(new ActionMessageReply(inner));

        Assert.Equal("""{"agent":"a","action":"b","data":{"token":"\u003c\u0026\u003e"}}""", inner);
        Assert.Equal("""{"message":"{\"agent\":\"a\",\"action\":\"b\",\"data\":{\"token\":\"\\u003c\\u0026\\u003e\"}}"}""", outer);
    }

    [Fact]
    public void Reply_hash_covers_the_go_escaped_bytes()
    {
        var reply = ChoriaJson.Serialize(new ActionMessageReply("plus+ and é"));

        Assert.Equal("{\"message\":\"plus+ and é\"}", reply);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reply))), SecureReply.HashOf(reply));
    }
}
