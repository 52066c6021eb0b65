namespace Provisioner.Agent;
