namespace Provisioner.Security;
