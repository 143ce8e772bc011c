"""Operations: management commands that a container runs when it starts."""
