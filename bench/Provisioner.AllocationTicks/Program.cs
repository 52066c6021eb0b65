using System.Globalization;
using Provisioner.AllocationTicks;

// Reads a trace of a member taken with
//   dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:5 --duration 00:00:00:15 -o member.nettrace
// (the GC keyword at verbose level: an allocation tick every ~100 KB allocated, with its stack, and every GC) and
// prints where the member allocates and what its GCs cost. bench/README.md, "Allocation on the RPC path".
if (args.Length is < 1 or > 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Provisioner.AllocationTicks <trace.nettrace> [rows, default 40]");
    return 2;
}
var rows = args.Length == 2 && int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 40;
AllocationTally tally;
try
{
    tally = AllocationTally.Read(args[0]);
}
catch (Exception e) when (e is FormatException or IOException or InvalidOperationException or EndOfStreamException)
{
    Console.Error.WriteLine($"{args[0]} is not a readable EventPipe trace: {e.Message}");
    return 2;
}
Console.Write(tally.Report(rows));
return 0;
