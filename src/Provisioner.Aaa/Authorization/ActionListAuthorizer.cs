namespace Provisioner.Aaa.Authorization;

/// <summary>
/// The <c>actionlist</c> authorizer over a token's <c>agents</c> claim, entries in order: <c>*</c> allows everything;
/// an entry that is not exactly <c>agent.action</c> is a broken policy and denies at once; entries for other agents
/// are skipped; an action of <c>*</c> or equal to the action allows; the end of the list denies. Matching is literal:
/// <c>rpc*.ping</c> is not a pattern.
/// </summary>
public static class ActionListAuthorizer
{
    /// <summary>The agent every client may always use: discovery reveals nothing an agent would act on.</summary>
    public const string AlwaysAllowedAgent = "discovery";

    public static AuthorizationDecision Decide(IReadOnlyList<string>? entries, string agent, string action)
    {
        if (agent == AlwaysAllowedAgent)
        {
            return AuthorizationDecision.Allow("discovery is always allowed");
        }
        foreach (var entry in entries ?? [])
        {
            if (entry == "*")
            {
                return AuthorizationDecision.Allow("the actionlist allows everything (*)");
            }
            var parts = entry.Split('.');
            if (parts.Length != 2)
            {
                return AuthorizationDecision.Error($"invalid agent policy: {entry}");
            }
            if (parts[0] != agent)
            {
                continue;
            }
            if (parts[1] == "*" || parts[1] == action)
            {
                return AuthorizationDecision.Allow($"allowed by {entry}");
            }
        }
        return AuthorizationDecision.Deny($"{agent}.{action} is not in the token's agents");
    }
}
