// workbench script
