namespace Provisioner.Messages;

/// <summary>
/// Marks every type that crosses members or enters the journal: hocon/base.conf binds this one interface to the
/// provisioner's serializer, which owns a stable manifest for each marked type.
/// </summary>
public interface IProvisionerMessage;
