namespace Provisioner.Actors;
