"""rencana.normalise"""
