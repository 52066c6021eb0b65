namespace Provisioner.Messages.Tests.Wire;

/// <summary>The insecure gen25519 example of choria-wire.md §7, byte for byte.</summary>
internal static class WorkedExample
{
    public const string Identity = "prov.example.net";
    public const string CallerId = "choria=prov.example.net";
    public const string RequestId = "5f3c2a9e8b7d4c1fa0e9d8c7b6a59483";
    public const long Time = 1700000000;
    public const string Nonce = "0c1d2e3f405162738495a6b7c8d9eafb";
    public const string Token = "s3cr3t";
    public const string Node = "n1.example.net";
    public const string BrokerUrl = "nats://broker.example.net:4222";
    public const string ReplySubject = "provisioning.reply.275fbfcee7047b8980b170b9dad4c162.5f3c2a9e8b7d4c1fa0e9d8c7b6a59483";

    public const string RpcBody =
        """{"agent":"choria_provision","action":"gen25519","data":{"nonce":"0c1d2e3f405162738495a6b7c8d9eafb","token":"s3cr3t"}}""";

    public const string Request =
        """{"protocol":"choria:request:1","message":"{\"agent\":\"choria_provision\",\"action\":\"gen25519\",\"data\":{\"nonce\":\"0c1d2e3f405162738495a6b7c8d9eafb\",\"token\":\"s3cr3t\"}}","envelope":{"requestid":"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","senderid":"prov.example.net","callerid":"choria=prov.example.net","collective":"provisioning","agent":"choria_provision","ttl":60,"time":1700000000,"filter":{"fact":[],"cf_class":[],"agent":["choria_provision"],"identity":[],"compound":[]}}}""";

    public const string Transport =
        """{"protocol":"choria:transport:1","data":"eyJwcm90b2NvbCI6ImNob3JpYTpzZWN1cmU6cmVxdWVzdDoxIiwibWVzc2FnZSI6IntcInByb3RvY29sXCI6XCJjaG9yaWE6cmVxdWVzdDoxXCIsXCJtZXNzYWdlXCI6XCJ7XFxcImFnZW50XFxcIjpcXFwiY2hvcmlhX3Byb3Zpc2lvblxcXCIsXFxcImFjdGlvblxcXCI6XFxcImdlbjI1NTE5XFxcIixcXFwiZGF0YVxcXCI6e1xcXCJub25jZVxcXCI6XFxcIjBjMWQyZTNmNDA1MTYyNzM4NDk1YTZiN2M4ZDllYWZiXFxcIixcXFwidG9rZW5cXFwiOlxcXCJzM2NyM3RcXFwifX1cIixcImVudmVsb3BlXCI6e1wicmVxdWVzdGlkXCI6XCI1ZjNjMmE5ZThiN2Q0YzFmYTBlOWQ4YzdiNmE1OTQ4M1wiLFwic2VuZGVyaWRcIjpcInByb3YuZXhhbXBsZS5uZXRcIixcImNhbGxlcmlkXCI6XCJjaG9yaWE9cHJvdi5leGFtcGxlLm5ldFwiLFwiY29sbGVjdGl2ZVwiOlwicHJvdmlzaW9uaW5nXCIsXCJhZ2VudFwiOlwiY2hvcmlhX3Byb3Zpc2lvblwiLFwidHRsXCI6NjAsXCJ0aW1lXCI6MTcwMDAwMDAwMCxcImZpbHRlclwiOntcImZhY3RcIjpbXSxcImNmX2NsYXNzXCI6W10sXCJhZ2VudFwiOltcImNob3JpYV9wcm92aXNpb25cIl0sXCJpZGVudGl0eVwiOltdLFwiY29tcG91bmRcIjpbXX19fSIsInNpZ25hdHVyZSI6Imluc2VjdXJlIiwicHViY2VydCI6Imluc2VjdXJlIn0=","headers":{"reply-to":"provisioning.reply.275fbfcee7047b8980b170b9dad4c162.5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","mc_sender":"prov.example.net","seen-by":[["nats://broker.example.net:4222","prov.example.net","nats://broker.example.net:4222"]]}}""";

    public const string PublicKey = "79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664";
    public const string Signature =
        "c5e4d1ab18df5d5472e1a4b3e6de5dce80c583c76df68050ab81f715a39c5e264ece72fef2c4ceea43118ad77c4ef2fef4f5cd14a20b0e06cec959c8d4605e0f";

    public const string ReplyBody =
        """{"action":"gen25519","statuscode":0,"statusmsg":"OK","data":{"public_key":"79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664","directory":"/etc/choria","signature":"c5e4d1ab18df5d5472e1a4b3e6de5dce80c583c76df68050ab81f715a39c5e264ece72fef2c4ceea43118ad77c4ef2fef4f5cd14a20b0e06cec959c8d4605e0f"}}""";

    public const string Reply =
        """{"protocol":"choria:reply:1","message":"{\"action\":\"gen25519\",\"statuscode\":0,\"statusmsg\":\"OK\",\"data\":{\"public_key\":\"79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664\",\"directory\":\"/etc/choria\",\"signature\":\"c5e4d1ab18df5d5472e1a4b3e6de5dce80c583c76df68050ab81f715a39c5e264ece72fef2c4ceea43118ad77c4ef2fef4f5cd14a20b0e06cec959c8d4605e0f\"}}","envelope":{"requestid":"5f3c2a9e8b7d4c1fa0e9d8c7b6a59483","senderid":"n1.example.net","agent":"choria_provision","time":1700000001}}""";

    public const string ReplyHash = "ejmK+yxEVFa31NnaiM26C1OzNlPpIFSgJmZgA+MDPcw=";
}
