"""The demo commune: Paris, 26 March 1871, loaded from sourced figures through the actions."""
