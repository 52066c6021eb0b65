namespace Provisioner.Messages.Nodes;

/// <summary>Routes a message to the onboarding entity of one machine: the identity is the entity id.</summary>
public interface IWithNodeIdentity : IProvisionerMessage
{
    string Identity { get; }
}
