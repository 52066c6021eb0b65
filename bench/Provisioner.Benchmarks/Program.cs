using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Provisioner.Benchmarks;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithArtifactsPath(ArtifactsLocation.Find()));
