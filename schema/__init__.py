"""rencana.schema"""
