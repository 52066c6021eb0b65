namespace Provisioner.Actors.Journal;

/// <summary>
/// One event as a row of Akka.Persistence.Sql's journal table, in the plugin's format: <paramref name="Created"/> in
/// UTC ticks, the payload's serializer <paramref name="Identifier"/> and string <paramref name="Manifest"/>, the
/// writing journal's <paramref name="WriterUuid"/>. The database numbers the row (<c>ordering</c>); it is never deleted
/// when written.
/// </summary>
public sealed record EventRow(string PersistenceId, long SequenceNumber, long Created, byte[] Message, string Manifest, int Identifier, string? WriterUuid);
