using Provisioner.Agent.Fleet;
using Spectre.Console;

namespace Provisioner.Host.Cli;

/// <summary>
/// Shows a running fleet: Spectre.Console progress bars (announced / in progress / provisioned / failed) when the
/// command writes to an interactive terminal, a plain progress line every few seconds otherwise (logs, CI, tests).
/// </summary>
internal static class FleetProgressView
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    public static async Task<FleetResult> ShowAsync(CliWriters io, FleetSimulator simulator, Task<FleetResult> run)
    {
        var interactive = ReferenceEquals(io.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return interactive ? await LiveAsync(simulator, run) : await PlainAsync(io.Out, simulator, run);
    }

    private static async Task<FleetResult> PlainAsync(TextWriter o, FleetSimulator simulator, Task<FleetResult> run)
    {
        while (await Task.WhenAny(run, Task.Delay(PlainInterval)) != run)
        {
            o.WriteLine($"fleet progress {simulator.Progress()}");
        }
        return await run;
    }

    private static async Task<FleetResult> LiveAsync(FleetSimulator simulator, Task<FleetResult> run)
    {
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var total = simulator.Progress().Total;
                var announced = context.AddTask("announced", maxValue: total);
                var inProgress = context.AddTask("in progress", maxValue: total);
                var provisioned = context.AddTask("[green]provisioned[/]", maxValue: total);
                var failed = context.AddTask("[red]failed[/]", maxValue: total);
                do
                {
                    var progress = simulator.Progress();
                    announced.Value = progress.Total - progress.Waiting;
                    inProgress.Value = progress.InProgress;
                    provisioned.Value = progress.Provisioned;
                    failed.Value = progress.Failed + progress.ShutDown;
                }
                while (await Task.WhenAny(run, Task.Delay(250)) != run);
                var final = simulator.Progress();
                announced.Value = final.Total - final.Waiting;
                inProgress.Value = final.InProgress;
                provisioned.Value = final.Provisioned;
                failed.Value = final.Failed + final.ShutDown;
                foreach (var task in new[] { announced, inProgress, provisioned, failed })
                {
                    task.StopTask();
                }
            });
        return await run;
    }
}
