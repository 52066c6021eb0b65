using Xunit;

namespace Provisioner.Security.Tests.KeyWrap;

/// <summary>A fact that is skipped, with a reason, on machines without the <c>openssl</c> command.</summary>
public sealed class OpenSslFactAttribute : FactAttribute
{
    public OpenSslFactAttribute()
    {
        if (OpenSsl.Path is null)
        {
            Skip = "the openssl command is not installed";
        }
    }
}
