"""rencana.pipeline"""
