using Provisioner.Messages.Nodes;

namespace Provisioner.Actors.Journal;

/// <summary>
/// One node event as the journal stored it: its place in the journal's global order (<paramref name="Ordering"/>)
/// and in its node's own sequence (<paramref name="SequenceNr"/>).
/// </summary>
public sealed record JournalEntry(long Ordering, long SequenceNr, INodeEvent Event);
