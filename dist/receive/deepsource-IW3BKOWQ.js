import{p as a}from"./chunk-V57JR3CK.js";import"./chunk-J3GCEPEW.js";export{a as reactions};
