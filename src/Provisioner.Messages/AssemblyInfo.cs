namespace Provisioner.Messages;
