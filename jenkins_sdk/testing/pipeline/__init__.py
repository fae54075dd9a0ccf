"""A small interpreter for the Groovy that Jenkinsfiles are written in, and the build runtime
that runs them on the emulator's virtual clock (no Groovy is ever compiled or executed).

``parser``     tokens (the declarative validator's lexer) -> syntax tree (``ast``)
``interp``     evaluates the tree as generators; ``runtime`` schedules them (threads, sleeps,
               inputs, parallel branches, timeouts)
``steps_*``    the steps a script may call; ``declarative`` runs ``pipeline { }``
``flow``       flow nodes and the console, ``script_run`` the live state of one build
``programs``   a Jenkinsfile or a freestyle job's build steps as the root thread
``env``        environment variables as Jenkins sets them
``steps``      the registry of every step (importing it loads the whole interpreter; the light
               modules ``flow``, ``env``, ``stores``, ``errors``, ``matrix`` do not)
"""
