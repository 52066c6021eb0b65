using System.CommandLine;
using Provisioner.Bench.Crypto;

var root = new RootCommand("Provisioner benchmarks: the crypto-bound limit of onboarding on this machine, and AAA signings through running members.");
root.Subcommands.Add(CryptoCommand.Create(Console.Out, Console.Error));
root.Subcommands.Add(Provisioner.Bench.Aaa.AaaSignCommand.Create(Console.Out, Console.Error));
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine($"error: {error.Message}");
    }
    Console.Error.WriteLine("Run with --help for usage.");
    return 2;
}
return await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
