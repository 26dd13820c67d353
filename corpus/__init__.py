"""rencana.corpus"""
