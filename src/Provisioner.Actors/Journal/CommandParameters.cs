using System.Data.Common;

namespace Provisioner.Actors.Journal;

/// <summary>The journal's statements take their values as named parameters, never spliced into the SQL.</summary>
internal static class CommandParameters
{
    /// <summary>Adds a parameter <paramref name="name"/> with <paramref name="value"/> to <paramref name="command"/>.</summary>
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
