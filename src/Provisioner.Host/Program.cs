using Provisioner.Host.Cli;

return await ProvisionerCli.RunAsync(args, Console.Out, Console.Error);
