namespace Provisioner.Security.Broker;

/// <summary>Where the broker's server certificate and key (PEM) are.</summary>
public sealed record BrokerTlsFiles(string CertificateFile, string KeyFile);
