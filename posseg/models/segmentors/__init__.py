from .margin_encoder_decoder import MarginEncoderDecoder

__all__ = ['MarginEncoderDecoder']
