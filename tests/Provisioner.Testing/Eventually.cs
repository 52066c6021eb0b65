namespace Provisioner.Testing;

/// <summary>Waits for a condition with a generous timeout instead of timing anything.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout ?? TimeSpan.FromSeconds(30)}{(because is null ? "" : ": " + because)}");
            }
            await Task.Delay(50);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout ?? TimeSpan.FromSeconds(30)}{(because is null ? "" : ": " + because)}");
            }
            await Task.Delay(100);
        }
    }
}
