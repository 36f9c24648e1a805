"""Elections: a section electing its delegates (or the commune deciding a question), by
secret ballot, counted by the engine, recountable by anyone from the published ballots."""
