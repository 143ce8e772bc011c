class PracticeError(Exception):
    """A request that cannot be applied; the message is shown to the user as is."""


class NoQuestionsAvailable(PracticeError):
    pass
