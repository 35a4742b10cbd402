using NetKAN.Bus.Services.Cli;

return await OneLineErrors.RunAsync(NetkanCli.Create(), args);
